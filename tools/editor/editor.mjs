// The code editor of the Python exercises: CodeMirror 6 from npm (exact versions
// in package.json), bundled by overrides/hooks/exercises.py with esbuild into
// site/assets/javascripts/editor.js. exercises.js imports it when an exercise is
// first focused and calls replaceTextarea(); if this file cannot load, the plain
// <textarea> stays.
//
// Keyboard: Tab indents and Shift+Tab takes the indent back (indentWithTab), as in
// any code editor; Ctrl+] and Ctrl+[ do the same (the default keymap). To leave the
// editor, Escape then Tab moves focus on (CodeMirror's own escape hatch, so the
// editor is no keyboard trap); the page's hint says so. The editable area gets its
// accessible name from the page's <label> (in the page's language) and the hint
// through aria-describedby.
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import {
  bracketMatching,
  defaultHighlightStyle,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { EditorView, drawSelection, keymap, lineNumbers } from "@codemirror/view";

export function replaceTextarea(textarea, label, describedBy, onChange = () => {}) {
  const view = new EditorView({
    doc: textarea.value,
    extensions: [
      lineNumbers(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      syntaxHighlighting(defaultHighlightStyle),
      python(),
      indentUnit.of("    "),
      EditorState.tabSize.of(4),
      keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange();
      }),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({
        "aria-label": label,
        "aria-describedby": describedBy || "",
        "data-exercise-editor": "",
        spellcheck: "false",
        autocapitalize: "off",
      }),
    ],
  });
  textarea.hidden = true;
  textarea.after(view.dom);
  return {
    getCode: () => view.state.doc.toString(),
    setCode: (code) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
    focus: (position) => {
      const at = Math.min(Math.max(Number(position) || 0, 0), view.state.doc.length);
      view.dispatch({ selection: { anchor: at } });
      view.focus();
    },
  };
}
