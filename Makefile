# Newsmap: `make run` starts the app, `make test` runs every test (what CI runs: .ci/run).
# Works on a fresh Debian with python3 (3.11) and node/npm; everything else is fetched here.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.requirements.stamp
NPM_STAMP := node_modules/.package-lock.json
ASSETS_STAMP := static/vendor/MANIFEST.json
BASEMAP_STAMP := static/basemap/index.json
CHROMIUM := /usr/bin/chromium

.PHONY: venv assets gazetteer gazetteer-readme readme-taxonomy browser-deps postgres-deps run lint test bench bench-deps clean distclean

venv: $(VENV_STAMP)

# reinstall only when a requirements file changes
$(VENV_STAMP): requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "make: python3 not found — install python3 (3.11)"; exit 1; }
	@if [ ! -x $(PY) ]; then \
	  if ! $(PYTHON) -c 'import ensurepip' 2>/dev/null; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	      apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv; \
	    else echo "make: $(PYTHON) cannot create a venv — install python3-venv (sudo apt-get install python3-venv)"; exit 1; fi; \
	  fi; \
	  $(PYTHON) -m venv $(VENV); \
	fi
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

assets: $(ASSETS_STAMP) $(BASEMAP_STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

# static/vendor/ is rebuilt whole when the lock, the script or the venv (folium) changes
$(ASSETS_STAMP): $(NPM_STAMP) scripts/vendor_assets.py $(VENV_STAMP)
	$(PY) scripts/vendor_assets.py

# the basemap's admin-1 borders, rivers and lakes (Natural Earth from npm), simplified into
# static/basemap/ (~20 s); rebuilt when the lock or the builder changes
$(BASEMAP_STAMP): $(NPM_STAMP) scripts/build_basemap_layers.py geo/maps/basemaplayers.py $(VENV_STAMP)
	$(PY) scripts/build_basemap_layers.py

# fast when the cache in gazetteer/cache/ is current; rebuilds it (~40 s) when a source changed
# then the basemap's place names from it (static/places/, a few seconds)
gazetteer: venv
	$(PY) -m geo gazetteer build
	$(PY) scripts/build_place_labels.py

# the browser test drives Debian's Chromium (Playwright's own browser download is never used)
browser-deps:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else \
	  echo "make: $(CHROMIUM) is missing and this is not root with apt-get:"; \
	  echo "      run 'sudo apt-get install chromium' — tests/test_browser.py will fail until then"; \
	fi

# the store's PostgreSQL tests start a throwaway server (Debian's PostgreSQL and PostGIS) in a
# temporary folder on 127.0.0.1 (tests/conftest.py, geo/benchmarks/pgserver.py)
postgres-deps:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql postgresql-postgis; \
	else \
	  echo "make: PostgreSQL/PostGIS are missing and this is not root with apt-get:"; \
	  echo "      run 'sudo apt-get install postgresql postgresql-postgis' — the PostgreSQL tests skip until then"; \
	fi

# this machine only; `make run ADDRESS=0.0.0.0` shares the app with the network (README
# "What leaves the machine": anyone who reaches the port can then upload and delete)
ADDRESS ?= 127.0.0.1

run: venv assets gazetteer
	$(VENV)/bin/streamlit run app.py --server.headless true --server.enableStaticServing true \
	  --server.address $(ADDRESS) --browser.gatherUsageStats false --client.toolbarMode viewer

# ruff (lint and import order) on the code and its tests and scripts, mypy on geo/ (pyproject.toml)
lint: venv
	$(VENV)/bin/ruff check geo tests scripts app.py
	$(VENV)/bin/mypy

test: lint venv assets gazetteer browser-deps postgres-deps
	$(PY) -m pytest -q

# the speed benchmark (README 'Speed and memory'); bench-deps adds its spaCy peer (~60 MB)
bench-deps: venv
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-bench.txt

bench: venv gazetteer bench-deps
	$(PY) -m geo bench

clean:
	rm -rf static/vendor static/vendor.tmp static/basemap static/basemap.tmp node_modules tests/output .pytest_cache gazetteer/cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) .hypothesis

# refresh the counts table in gazetteer/README.md after the sources change
gazetteer-readme: gazetteer
	$(PY) -c "import re,subprocess,sys; p='gazetteer/README.md'; s=open(p).read(); \
	t=subprocess.run([sys.executable,'-m','geo','gazetteer','info','--markdown'],capture_output=True,text=True,check=True).stdout; \
	s=re.sub(r'(<!-- counts:[^\n]*-->\n).*?(<!-- /counts -->)', lambda m: m.group(1)+t+m.group(2), s, flags=re.S); open(p,'w').write(s)"

# refresh the event taxonomy table in README.md from geo/events/data/taxonomy.tsv
readme-taxonomy: venv
	$(PY) -c "import re; from geo.events import taxonomy; p='README.md'; s=open(p).read(); \
	s=re.sub(r'(<!-- taxonomy:[^\n]*-->\n).*?(<!-- /taxonomy -->)', lambda m: m.group(1)+taxonomy.markdown_table()+'\n'+m.group(2), s, flags=re.S); open(p,'w').write(s)"
