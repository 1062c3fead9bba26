"""German prose of the report, every number computed from a findings frame."""
from evaluation.prose import narrative

__all__ = ["narrative"]
