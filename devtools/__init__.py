"""Development-only tooling: the benchmark, the load, province and fault runs and the province data set.

They build scratch data and open pages with django.test's Client; the product never imports
this package (tests/test_layout.py checks it).
"""
