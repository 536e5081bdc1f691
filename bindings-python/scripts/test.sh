#!/usr/bin/env bash
# Placeholder until the python binding lands.
echo "python binding: not built yet"
