"""``python -m cx_rules``: the ``cx-rules`` command line."""

from cx_rules.cli import main

if __name__ == "__main__":
    main()
