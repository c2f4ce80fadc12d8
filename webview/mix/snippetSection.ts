// The configured augmentation as training-script code, for PyTorch and for tf.data, with a copy button (the host copies its own text).
import { html, type TemplateResult } from 'lit';
import type { MixSnippets } from './mixView';

export type SnippetFramework = keyof MixSnippets;

const frameworkLabels: Record<SnippetFramework, string> = { pytorch: 'PyTorch', tfdata: 'tf.data' };

export function snippetTemplate(snippets: MixSnippets, shown: SnippetFramework, show: (framework: SnippetFramework) => void, copy: (framework: SnippetFramework) => void): TemplateResult {
  return html`
    <section class="panel-section" aria-label="Training code">
      <div class="section-heading">
        <h2>Use it in training</h2>
        <div class="snippet-tabs" role="tablist" aria-label="Framework">
          ${(Object.keys(frameworkLabels) as SnippetFramework[]).map((framework) => html`
            <button role="tab" class=${`snippet-tab${framework === shown ? ' is-selected' : ''}`} id=${`snippet-tab-${framework}`}
              aria-selected=${framework === shown ? 'true' : 'false'} @click=${() => show(framework)}>${frameworkLabels[framework]}</button>`)}
        </div>
        <vscode-button id="copy-snippet" secondary icon="copy" @click=${() => copy(shown)}>Copy</vscode-button>
      </div>
      <pre class="snippet" role="tabpanel" aria-labelledby=${`snippet-tab-${shown}`} tabindex="0"><code>${snippets[shown]}</code></pre>
    </section>`;
}
