# samverkan: the two commands a fresh machine needs are `make demo` and `make test`.
VENV   := .venv
BIN    := $(VENV)/bin
STORE  := out/store
STAMP  := $(VENV)/.installed

.PHONY: demo test lint format bench eval clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p out
	$(BIN)/samverkan ingest data/posts --store $(STORE)
	$(BIN)/samverkan export --store $(STORE) --format turtle --output out/samverkan.ttl
	$(BIN)/samverkan map --store $(STORE) --output out/samverkan-map.html
	$(BIN)/samverkan who "Terese Blandford" --store $(STORE)

test: $(STAMP)
	$(BIN)/python -m pytest -q -ra

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m bench

eval: $(STAMP)
	$(BIN)/python -m eval.score

clean:
	rm -rf out build dist *.egg-info
