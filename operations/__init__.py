"""Above the domain apps: the back-up and restore of a cell, the import of a past year of its
records, and the loading of the demo cell.

They may import every app; no domain app imports them (tests/test_layout.py checks it). The
back-up and the year import reach the worker through the job runners that operations/apps.py registers.
"""
