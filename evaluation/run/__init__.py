"""Executing the notebooks of a reporting date (papermill) and publishing its outputs."""
