"""Cleaning a delivery into the Dataset of a reporting date; its quality overview."""
