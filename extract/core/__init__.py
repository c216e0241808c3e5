"""The ground floor: the data classes passed between stages, errors, rules loading,
numbers and text normal forms.  Imports nothing else of the package."""

__version__ = "0.1.0"
