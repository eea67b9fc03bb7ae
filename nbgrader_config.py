"""nbgrader configuration for the course: `autograder build` runs generate_assignment with it."""

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "tensors-to-gpt"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
# Every answer cell ends up as this stub in release/.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
# Release notebooks carry no outputs; the source may have been run.
c.ClearOutput.enabled = True
