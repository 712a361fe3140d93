#!/bin/sh
# LocalStack ready hook: creates the Films table from the same definition the Java code uses.
set -eu
table="${FILMS_TABLE:-Films_v1}"
if awslocal dynamodb describe-table --table-name "$table" >/dev/null 2>&1; then
  echo "table $table already exists"
  exit 0
fi
awslocal dynamodb create-table --cli-input-json file:///etc/localstack/films-table.json --table-name "$table"
awslocal dynamodb wait table-exists --table-name "$table"
echo "created table $table"
