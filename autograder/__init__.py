"""Auto-grader for the course "From tensors to a tiny GPT".

Kept free of heavy imports: the worker process imports this package before it
runs student code, and should not pay for pytest or rich.
"""

__version__ = "0.1.0"
