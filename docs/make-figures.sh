#!/usr/bin/env bash
# Regenerate the figures shown in the README, from the repository root:
#   bash docs/make-figures.sh
# Needs govsim installed (the README's first command). The figures are
# already there, so each command says --force to replace them.
set -euo pipefail
cd "$(dirname "$0")/.."
govsim=${GOVSIM:-.venv/bin/govsim}
"$govsim" plot board november-2023 -o docs/figures/november-2023.png --force
"$govsim" plot compare november-2023 scenarios/sutskever-votes-against.yaml \
    -o docs/figures/sutskever-votes-against.png --force
"$govsim" plot compare november-2023 scenarios/letter-minority.yaml \
    -o docs/figures/letter-minority.png --force
"$govsim" plot power november-2023 -o docs/figures/power.png --force
results=$(mktemp -d)
"$govsim" simulate --runs 2000 --seed 0 --out "$results/results.csv" > /dev/null
"$govsim" plot outcomes "$results/results.csv" -o docs/figures/outcomes.png --force
# The fan chart pools its runs: drawn over the assumptions' stated probabilities.
"$govsim" simulate --runs 2000 --seed 0 --draw-assumptions --out "$results/drawn.csv" \
    --trajectories "$results/trajectories.csv" > /dev/null
"$govsim" plot fan "$results/trajectories.csv" -o docs/figures/fan.png --force
rm -r "$results"
"$govsim" sensitivity --samples 1024 --seed 0 --figure docs/figures/sensitivity.png \
    --force > /dev/null
