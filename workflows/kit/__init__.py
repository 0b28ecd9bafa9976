"""The process kit: what every process is made of and the one way each is run (registry, action declaration,
engine, API, pages). It imports no process; each process package registers itself when Django starts."""
