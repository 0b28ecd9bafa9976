"""Process C (考核评价): evaluation and grading of community schools (DOMAIN §4)."""
