"""Runs the end-to-end tests with pytest.

pytest comes from Debian's python3-pytest (PyPI is not reachable on our machines), while boto3 and
the aws CLI are the pip-installed ones of the python3 on PATH. Debian's dist-packages folder is
appended to the END of sys.path so that pip's boto3/botocore win over any Debian copy.
"""
import os
import sys

sys.path.append("/usr/lib/python3/dist-packages")

import pytest  # noqa: E402

if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    sys.exit(pytest.main([here, "-p", "no:cacheprovider", *sys.argv[1:]]))
