"""`make loadtest`: the production server under load from many simulated readers, with real faults during it.

python -m loadtest --help. Everything runs on loopback and is torn down at the end.
"""
