# One-word developer commands; each is a script in scripts/ so it also runs without make.
.PHONY: serve test container-check lint fmt screenshots lock bench audit audit-latest soak i18n

serve:        ## install into .venv and serve on http://127.0.0.1:8000
	scripts/serve

test:         ## install everything (Chromium too, as root) and run lint, types, all tests and (root) the container check
	scripts/test

container-check: ## build the Dockerfile and run the image with podman (root), check it works
	scripts/container-check

lint:         ## ruff, mypy and eslint
	scripts/lint

fmt:          ## format and auto-fix
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

screenshots:  ## refresh docs/*.png from the browser tests
	SSE_SCREENSHOTS=docs .venv/bin/python -m pytest tests/browser -q

lock:         ## regenerate requirements.lock for the Docker image
	scripts/lock

i18n:         ## extract the text, update app/locale/*/messages.po and compile the .mo files
	scripts/i18n

bench:        ## the performance bench: table on stdout, JSON in bench/results/latest.json
	scripts/bench

audit:        ## known vulnerabilities in requirements.lock (pip-audit; needs the network)
	scripts/audit

audit-latest: ## the same from PyPI's project pages alone (every pin must be the latest release)
	scripts/audit-latest

soak:         ## 60 s of 64 connections against one worker: errors, p99, memory
	scripts/soak
