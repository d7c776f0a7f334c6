// A run's artifacts as a tree: folders open and close with a button and list their files when first opened.
import { get } from '../api.js';
import { el } from '../dom.js';
import { formatSize } from '../format.js';
import { emptyNote, errorBox } from './states.js';

async function listFolder(runId, path) {
  const answer = await get('mlflow/artifacts/list', { run_id: runId, ...(path ? { path } : {}) });
  return Array.isArray(answer.files) ? answer.files.filter((file) => typeof file?.path === 'string') : [];
}

/** The name of an entry within its folder (MLflow gives paths from the artifact root). */
const baseName = (path) => path.split('/').filter(Boolean).at(-1) ?? path;

function folderItem(runId, file) {
  const name = baseName(file.path);
  const children = el('ul', { class: 'tree', hidden: true });
  const toggle = el('button', { type: 'button', class: 'folder', 'aria-expanded': 'false', 'data-path': file.path }, `${name}/`);
  let loaded = false;
  toggle.addEventListener('click', async () => {
    const open = toggle.getAttribute('aria-expanded') === 'true';
    toggle.setAttribute('aria-expanded', String(!open));
    children.hidden = open;
    if (open || loaded) return;
    loaded = true;
    children.replaceChildren(el('li', { class: 'loading' }, 'Loading…'));
    try {
      const files = await listFolder(runId, file.path);
      children.replaceChildren(...(files.length ? files.map((child) => entryItem(runId, child)) : [el('li', { class: 'empty' }, 'empty')]));
    } catch (error) {
      loaded = false;
      children.replaceChildren(el('li', {}, errorBox(error)));
    }
  });
  return el('li', {}, toggle, children);
}

function entryItem(runId, file) {
  if (file.is_dir) return folderItem(runId, file);
  return el(
    'li',
    { class: 'file', 'data-path': file.path },
    el('span', { class: 'name' }, baseName(file.path)),
    ' ',
    el('span', { class: 'size' }, formatSize(file.file_size)),
  );
}

/** The artifact tree's top level. */
export async function artifactTree(runId, artifactUri) {
  const files = await listFolder(runId, '');
  return [
    files.length === 0
      ? emptyNote('No artifacts.')
      : el(
          'ul',
          { class: 'tree', id: 'artifact-tree' },
          files.map((file) => entryItem(runId, file)),
        ),
    el(
      'p',
      { class: 'note' },
      'Stored at ',
      el('code', {}, String(artifactUri ?? '')),
      '. This page lists artifacts; download them with an MLflow client.',
    ),
  ];
}
