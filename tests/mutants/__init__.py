"""Realistic wrong and different-but-correct answers, per assignment."""
