// The project's definitions page: every "§x.y" the code cites is a section of docs/definitions.md, the page renders with an
// anchor per section, and a report written by the CLI ships the page beside it and links its citations to those anchors.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import {
  DEFINITIONS_PAGE_FILE, definitionsSourcePath, linkDefinitionCitations, linkDefinitionCitationsMarkdown, renderDefinitionsPage,
} from '../../../src/present/report/definitionsPage';
import { renderMarkdown } from '../../../src/present/report/markdownPage';
import { selectBackend } from '../../../src/engine/backend';
import { withTempDir } from '../../fixtures/model/tempDir';
import { writeColourDataset, writeTinyModel } from '../../fixtures/model/sweepFixture';

const definitionsFile = definitionsSourcePath();
const repo = dirname(dirname(definitionsFile));
const definitions = readFileSync(definitionsFile, 'utf8');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|mjs|js)$/.test(name) ? [path] : [];
  });
}

/** "§1.1", "§1.1–1.3" (both ends), "§1–§3" (both ends) on one line. */
const SECTION_CITATION = /§\s*(\d+(?:\.\d+)*)(?:\s*[–-]\s*§?(\d+(?:\.\d+)*))?/g;

/**
 * Every section the code cites, with where. A line that cites a paper ("Choe et al., CVPR 2020, §4.1") and does not name
 * definitions.md cites the paper's section, not ours.
 */
function citedSections(): Map<string, string[]> {
  const cited = new Map<string, string[]>();
  for (const file of ['src', 'webview', 'scripts'].flatMap((folder) => sourceFiles(join(repo, folder)))) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      if (!line.includes('§') || (/et al\./.test(line) && !line.includes('definitions.md'))) return;
      for (const match of line.matchAll(SECTION_CITATION)) {
        for (const section of [match[1], match[2]]) {
          if (section !== undefined) cited.set(section, [...(cited.get(section) ?? []), `${relative(repo, file)}:${i + 1}`]);
        }
      }
    });
  }
  return cited;
}

test('every §x.y cited in src/, webview/ and scripts/ is a section of docs/definitions.md', () => {
  const sections = new Set(renderMarkdown(definitions).headings.flatMap((h) => (h.section === null ? [] : [h.section])));
  const cited = citedSections();
  assert.ok(cited.size >= 8 && cited.has('1.1') && cited.has('1.4') && cited.has('6'), `the scan found the code's citations: ${[...cited.keys()].join(', ')}`);
  const missing = [...cited].filter(([section]) => !sections.has(section)).map(([section, where]) => `§${section} (${where.slice(0, 3).join(', ')})`);
  assert.deepEqual(missing, [], `cited but not a section of docs/definitions.md: ${missing.join('; ')}`);
});

test('the page keeps the reference numbering: sections 1–6 and 1.1–1.4 (then §7, the ImageNet benchmarks this page adds), each with its own anchor', () => {
  const headings = renderMarkdown(definitions).headings.filter((h) => h.section !== null);
  assert.deepEqual(headings.map((h) => h.section), ['1', '1.1', '1.2', '1.3', '1.4', '2', '3', '4', '5', '6', '7']);
  assert.deepEqual(headings.map((h) => h.id), headings.map((h) => `section-${h.section}`));
});

test('Markdown: headings get ids, tables and nested lists become elements, code and emphasis inline, text escaped', () => {
  const { body, headings } = renderMarkdown([
    '## 2. Adversarial: FGSM', '', 'x_adv = clip(x + ε·sign(g)) with `a<b` and **bold** and *italic* <script>', '',
    '| name | value |', '|---|---|', '| σ | .08 .12 |', '',
    '- first', '  continued', '  - nested', '- second', '', '#### Plain heading',
  ].join('\n'));
  assert.deepEqual(headings.map((h) => [h.id, h.section]), [['section-2', '2'], ['plain-heading', null]]);
  assert.equal(body.text, [
    '<h2 id="section-2">2. Adversarial: FGSM</h2>',
    '<p>x_adv = clip(x + ε·sign(g)) with <code>a&lt;b</code> and <strong>bold</strong> and <em>italic</em> &lt;script&gt;</p>',
    '<table class="data-table"><thead><tr><th>name</th><th>value</th></tr></thead><tbody><tr><td>σ</td><td>.08 .12</td></tr></tbody></table>',
    '<ul><li>first continued<ul><li>nested</li></ul></li><li>second</li></ul>',
    '<h4 id="plain-heading">Plain heading</h4>',
  ].join('\n'));
});

test('citations become links to the section they cite, in HTML and in Markdown', () => {
  assert.equal(linkDefinitionCitations('ImageNet-C (definitions.md §1.1–1.2) & more').text,
    'ImageNet-C (<a href="definitions.html#section-1.1">definitions.md §1.1–1.2</a>) &amp; more');
  assert.equal(linkDefinitionCitationsMarkdown('CIFAR-10-C (definitions.md §1.3)'), 'CIFAR-10-C ([definitions.md §1.3](definitions.html#section-1.3))');
  assert.equal(linkDefinitionCitations('no citation <here>').text, 'no citation &lt;here&gt;');
});

test('the rendered page has every section anchor, in-page § links that resolve, and no remote content', () => {
  const page = renderDefinitionsPage(definitions);
  const ids = new Set([...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
  for (const section of ['1', '1.1', '1.2', '1.3', '1.4', '2', '3', '4', '5', '6', '7']) assert.ok(ids.has(`section-${section}`), `anchor of §${section}`);
  const inPage = [...page.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
  assert.ok(inPage.length > 10, 'contents and § links');
  assert.deepEqual(inPage.filter((id) => !ids.has(id)), [], 'every in-page link has its anchor');
  assert.doesNotMatch(page, /<(img|script|link)\b|src="http|href="http/, 'self-contained');
  assert.doesNotMatch(page.replace(/<code>[^<]*<\/code>/g, ''), /\|---|\*\*/, 'no Markdown syntax left over (code spans may quote Python: 2**k)');
});

test('a sweep report written by the CLI ships definitions.html beside it and links its citations to its anchors', async () => {
  await selectBackend('wasm');
  await withTempDir(async (dir) => {
    const model = await writeTinyModel(dir, 'tiny', 1);
    const data = await writeColourDataset(dir, 2);
    const out = join(dir, 'report');
    const r = spawnSync(process.execPath, [join(repo, 'out', 'cli.js'), '--backend', 'wasm', 'sweep', model, '--data', data, '--limit', '4',
      '--corruptions', 'contrast', '--severities', '1', '--seed', '1', '--export', 'html,md', '--out', out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(out).sort(), [DEFINITIONS_PAGE_FILE, 'sweep.html', 'sweep.md']);
    const shipped = readFileSync(join(out, DEFINITIONS_PAGE_FILE), 'utf8');
    const report = readFileSync(join(out, 'sweep.html'), 'utf8');
    const markdown = readFileSync(join(out, 'sweep.md'), 'utf8');
    assert.match(report, /<a href="definitions\.html">/, 'the header links the page');
    const anchors = [...report.matchAll(/href="definitions\.html#([^"]+)"/g)].map((m) => m[1]);
    assert.ok(anchors.includes('section-1.3'), `the CIFAR-10-C parameter fact links §1.3: ${anchors.join(', ')}`);
    for (const anchor of anchors) assert.match(shipped, new RegExp(` id="${anchor.replace(/\./g, '\\.')}"`), `#${anchor} exists in the shipped page`);
    assert.match(markdown, /\[definitions\.md §1\.3\]\(definitions\.html#section-1\.3\)/);
    for (const [name, text] of [['sweep.html', report], ['sweep.md', markdown], [DEFINITIONS_PAGE_FILE, shipped], ['stdout', r.stdout]]) {
      assert.doesNotMatch(text, /\.\.\/shared|shared\/reference/, `${name} points to no file outside the report`);
    }
  });
});
