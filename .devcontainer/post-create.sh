#!/usr/bin/env bash
# Codespaces: build the jar once so the first lab starts at once, and install shell completion.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests package
./workshop --version
if ./workshop completion bash > /dev/null 2>&1; then
  mkdir -p ~/.local/share/bash-completion/completions
  ./workshop completion bash > ~/.local/share/bash-completion/completions/workshop
  # zsh (if someone switches the terminal to it): the same script through bashcompinit
  mkdir -p ~/.zsh
  ./workshop completion zsh > ~/.zsh/workshop-completion.zsh
  grep -q 'workshop-completion.zsh' ~/.zshrc 2>/dev/null || echo 'source ~/.zsh/workshop-completion.zsh' >> ~/.zshrc
fi
for rc in ~/.bashrc ~/.zshrc; do
  grep -q 'workshop:' "$rc" 2>/dev/null || echo 'export PATH="/workspaces/'"$(basename "$PWD")"':$PATH"  # workshop: run "workshop" from anywhere' >> "$rc"
done
