"""Graded checks, one package per assignment, named after its notebook.

``test_public.py`` runs in the student's notebook and in the grader;
``test_hidden.py`` runs only in the grader and never ships to students.
"""
