import sys

from os2_handbook.importer.cli import main

sys.exit(main())
