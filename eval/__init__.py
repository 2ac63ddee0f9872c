"""The gold set and the scorer behind ``make eval``: how well the pipeline reads the posts."""
