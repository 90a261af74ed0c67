"""Above the domain apps: the back-up and restore of a cell and the loading of the demo cell.

They may import every app; no domain app imports them (tests/test_layout.py checks it). The
back-up job reaches the worker through the job runners that operations/apps.py registers.
"""
