"""Reference solutions, extracted from source/ by `autograder build`. Do not edit."""
