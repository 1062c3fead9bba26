"""Cleaning a delivery into the Dataset of a reporting date; its quality overview."""
from evaluation.data import quality

__all__ = ["quality"]
