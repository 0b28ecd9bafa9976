"""The programmes' dashboard (issue 19 item 10): the seed's ratios over the years, quota progress, pledges kept,
awards — each figure linking to exactly its rows."""
