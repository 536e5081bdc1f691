#!/usr/bin/env bash
# Placeholder until the kotlin binding lands.
echo "kotlin binding: not built yet"
