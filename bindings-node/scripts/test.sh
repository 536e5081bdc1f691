#!/usr/bin/env bash
# Placeholder until the node binding lands.
echo "node binding: not built yet"
