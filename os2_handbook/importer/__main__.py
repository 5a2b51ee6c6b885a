import sys

from os2_handbook.jekyll_import.cli import main

sys.exit(main())
