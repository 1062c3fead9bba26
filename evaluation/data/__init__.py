"""Cleaning a delivery into the Dataset of a reporting date; its quality overview."""
from evaluation.submodules import on_first_use

__getattr__ = on_first_use(__name__)
