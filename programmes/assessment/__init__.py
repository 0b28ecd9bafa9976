"""The programmes' year-end assessment (开展考评): indicator sets scored through the evaluation grading engine, fed
by the activity records."""
