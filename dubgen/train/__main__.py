"""``python -m dubgen.train train ...`` / ``torchrun --nproc-per-node N -m dubgen.train train ...``."""

from .commands import main

raise SystemExit(main())
