'use strict';
// The gsam results viewer. Everything it shows comes from the JSON in #gsam-data and is put into the page as text
// (textContent, attributes, CSSOM), never as markup: a label or a file name can hold anything.
(() => {
  const data = JSON.parse(document.getElementById('gsam-data').textContent);
  // The overlay's colours (OverlayRenderer.Palette), instance i taking colour i mod 12, so the page and overlay.jpg agree.
  const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#bfef45', '#ffe119', '#469990', '#9a6324', '#800000'];
  const MERGED = '#00e5ff';
  const MASK_OPACITY = 0.45;
  const CHUNK = 120;
  const $ = (id) => document.getElementById(id);

  const photos = data.photos.map((photo, index) => ({ ...photo, index }));
  const done = photos.filter((p) => p.status === 'ok');
  const failed = photos.filter((p) => p.status !== 'ok');
  const byFolder = new Map(done.map((p) => [p.folder, p]));
  const state = { label: null, minScore: 0, sort: 'name', search: '' };
  let observer = null;
  let shown = [];
  let rendered = 0;
  let galleryScroll = 0;

  const element = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'text') node.textContent = value;
      else if (key === 'className') node.className = value;
      else node.setAttribute(key, value);
    }
    node.append(...children);
    return node;
  };
  // A path below the page: each part percent-encoded, so '#', '?' and '%' in a folder name stay part of the name.
  const url = (folder, file) => [folder, ...file.split('/')].map(encodeURIComponent).join('/');
  const has = (photo, file) => photo.files.includes(file);
  const score = (value) => value.toFixed(2);
  const plural = (n, word) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
  // A label can be empty (a box whose category the prompt did not name, under --reference).
  const named = (label) => (label === '' ? '(no label)' : label);

  function tints() {
    const defs = $('tints');
    const add = (id, colour, opacity) => {
      const ns = 'http://www.w3.org/2000/svg';
      const filter = document.createElementNS(ns, 'filter');
      filter.setAttribute('id', id);
      filter.setAttribute('color-interpolation-filters', 'sRGB');
      const matrix = document.createElementNS(ns, 'feColorMatrix');
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16) / 255);
      // A mask PNG is white (255) on black: the white becomes the colour at the given opacity, the black transparent.
      matrix.setAttribute('values', `0 0 0 0 ${r} 0 0 0 0 ${g} 0 0 0 0 ${b} ${opacity} 0 0 0 0`);
      filter.append(matrix);
      defs.append(filter);
    };
    PALETTE.forEach((colour, i) => add(`tint-${i}`, colour, MASK_OPACITY));
    add('tint-merged', MERGED, 0.55);
  }

  // ---- the gallery ------------------------------------------------------------------------------------------------

  function passes(instance) {
    return instance.score >= state.minScore && (state.label === null || instance.label === state.label);
  }

  function filterAndSort() {
    const search = state.search.toLowerCase();
    const filtering = state.label !== null || state.minScore > 0;
    // Each photo's sort keys once: its objects passing the filter, and their best score (none: last either way).
    const keyed = done.filter((p) => (!filtering || p.instances.some(passes)) && (search === '' || p.name.toLowerCase().includes(search)))
      .map((photo) => {
        const scores = photo.instances.filter(passes).map((i) => i.score);
        return { photo, objects: scores.length, best: scores.length === 0 ? null : Math.max(...scores) };
      });
    const byScore = (a, b, sign) => (a.best === null) - (b.best === null) || sign * ((a.best ?? 0) - (b.best ?? 0));
    const order = {
      name: (a, b) => a.photo.name.localeCompare(b.photo.name, 'en', { numeric: true }),
      objects: (a, b) => b.objects - a.objects,
      best: (a, b) => byScore(a, b, -1),
      worst: (a, b) => byScore(a, b, 1),
    }[state.sort];
    shown = keyed.sort((a, b) => order(a, b) || a.photo.index - b.photo.index).map((k) => k.photo);
    $('cards').replaceChildren();
    rendered = 0;
    renderMore();
    $('showing').textContent = `Showing ${shown.length.toLocaleString('en')} of ${plural(done.length, 'photo')} with results`
      + (filtering ? ` (${state.label === null ? 'any label' : `label “${named(state.label)}”`}, score ≥ ${score(state.minScore)})` : '') + '.';
  }

  function card(photo) {
    // The counts: every label's objects at the minimum score; the best score: of the objects the filter keeps (as sorted).
    const visible = photo.instances.filter((i) => i.score >= state.minScore);
    const counts = new Map();
    visible.forEach((i) => counts.set(i.label, (counts.get(i.label) || 0) + 1));
    const text = counts.size === 0 ? 'nothing found' : [...counts].map(([label, n]) => (n === 1 ? named(label) : `${named(label)} ×${n}`)).join(' · ');
    const kept = photo.instances.filter(passes);
    // Results of a gsam before the viewer have no thumbnail: the overlay stands in (loaded as lazily).
    const thumbnail = has(photo, 'thumbnail.jpg') ? 'thumbnail.jpg' : has(photo, 'overlay.jpg') ? 'overlay.jpg' : null;
    const image = element('img', { alt: photo.name, loading: 'lazy', decoding: 'async', width: String(photo.width), height: String(photo.height) });
    if (thumbnail) image.src = url(photo.folder, thumbnail);
    const best = kept.length === 0 ? '' : `best ${score(Math.max(...kept.map((i) => i.score)))}`;
    return element('li', { className: 'card', 'data-folder': photo.folder },
      element('a', { href: `#photo=${encodeURIComponent(photo.folder)}` },
        image,
        element('div', { className: 'name', text: photo.name }),
        element('div', { className: 'counts', text: `${plural(visible.length, 'object')}: ${text}` }),
        element('div', { className: 'score', text: best })));
  }

  function renderMore() {
    const next = shown.slice(rendered, rendered + CHUNK);
    $('cards').append(...next.map(card));
    rendered += next.length;
    // Observed anew, so that the observer reports the end of the list again if it is still in view.
    if (observer) {
      observer.unobserve($('more'));
      observer.observe($('more'));
    }
  }

  function gallery() {
    $('title').textContent = data.title;
    const objects = done.reduce((n, p) => n + p.instances.length, 0);
    const prompts = [...new Set(done.map((p) => p.prompt).filter(Boolean))];
    $('totals').textContent = [
      `${plural(photos.length, 'photo')}: ${done.length.toLocaleString('en')} with results, ${failed.length.toLocaleString('en')} without`,
      plural(objects, 'object'),
      ...(prompts.length > 0 ? [`prompt “${prompts.slice(0, 3).join('”, “')}”${prompts.length > 3 ? ' …' : ''}`] : []),
    ].join(' · ');

    const labels = new Map();
    done.forEach((p) => p.instances.forEach((i) => labels.set(i.label, (labels.get(i.label) || 0) + 1)));
    // Option values carry a prefix, so that an empty label is not "all labels".
    [...labels].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).forEach(([label, n]) =>
      $('label').append(element('option', { value: `label:${label}`, text: `${named(label)} (${n.toLocaleString('en')})` })));

    if (failed.length > 0) {
      $('failures').hidden = false;
      $('failure-count').textContent = `(${failed.length.toLocaleString('en')})`;
      $('failure-rows').append(...failed.map((p) => element('tr', {},
        element('td', { text: p.name }), element('td', { text: p.status }),
        element('td', { text: p.reason || '' }), element('td', { text: p.detail || '' }))));
    }

    $('controls').addEventListener('submit', (event) => event.preventDefault());
    $('label').addEventListener('change', (event) => {
      state.label = event.target.value.startsWith('label:') ? event.target.value.slice('label:'.length) : null;
      filterAndSort();
    });
    $('min-score').addEventListener('input', (event) => {
      const value = Number(event.target.value);
      state.minScore = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
      filterAndSort();
    });
    $('sort').addEventListener('change', (event) => { state.sort = event.target.value; filterAndSort(); });
    $('search').addEventListener('input', (event) => { state.search = event.target.value; filterAndSort(); });
    // More cards as the end of the list comes near: the page never builds (or loads thumbnails for) every card at once.
    observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && rendered < shown.length) renderMore();
    }, { rootMargin: '800px' });
    observer.observe($('more'));
    filterAndSort();
  }

  // ---- one photo --------------------------------------------------------------------------------------------------

  function showPhoto(photo) {
    const position = shown.indexOf(photo);
    const link = (id, other) => {
      const a = $(id);
      a.setAttribute('aria-disabled', String(!other));
      a.href = other ? `#photo=${encodeURIComponent(other.folder)}` : '#';
    };
    link('previous', position > 0 ? shown[position - 1] : null);
    link('next', position >= 0 && position < shown.length - 1 ? shown[position + 1] : null);
    $('photo-name').textContent = photo.name;
    $('photo-facts').textContent = [`${photo.width}×${photo.height} pixels`, plural(photo.instances.length, 'object'),
      ...(photo.prompt ? [`prompt “${photo.prompt}”`] : [])].join(' · ');

    const stage = $('stage');
    stage.replaceChildren();
    stage.style.setProperty('aspect-ratio', `${photo.width} / ${photo.height}`);
    stage.style.setProperty('width', `min(100%, calc(max(240px, 100vh - 230px) * ${photo.width / photo.height}))`);
    // Results of a gsam before the viewer have no preview: the overlay stands in, its own colours under the layers.
    const base = has(photo, 'preview.jpg') ? 'preview.jpg' : has(photo, 'overlay.jpg') ? 'overlay.jpg' : null;
    if (base) stage.append(element('img', { className: 'base', src: url(photo.folder, base), alt: photo.name }));
    $('photo-note').textContent = base === 'overlay.jpg' ? 'No preview.jpg in this folder (results of an older gsam): the masks are shown over overlay.jpg, which has them drawn in.' : '';

    const rows = [];
    photo.instances.forEach((instance, i) => {
      const colour = PALETTE[i % PALETTE.length];
      let layer = null;
      if (instance.mask) {
        layer = element('img', { className: 'mask', src: url(photo.folder, instance.mask), alt: '', 'data-instance': instance.id });
        layer.style.setProperty('filter', `url(#tint-${i % PALETTE.length})`);
        stage.append(layer);
      }

      const [x1, y1, x2, y2] = instance.box;
      const box = element('div', { className: 'box', 'data-instance': instance.id },
        element('span', { className: 'tag', text: `${instance.id} ${score(instance.detectorScore)}` }));
      box.style.setProperty('border-color', colour);
      box.querySelector('.tag').style.setProperty('background', colour);
      box.style.setProperty('left', `${(100 * x1) / photo.width}%`);
      box.style.setProperty('top', `${(100 * y1) / photo.height}%`);
      box.style.setProperty('width', `${(100 * (x2 - x1)) / photo.width}%`);
      box.style.setProperty('height', `${(100 * (y2 - y1)) / photo.height}%`);
      if (y1 / photo.height < 0.04) box.classList.add('low');
      stage.append(box);

      const toggle = element('input', { type: 'checkbox', 'data-instance': instance.id, 'aria-label': `show ${instance.id}` });
      toggle.checked = true;
      toggle.disabled = !layer;
      toggle.addEventListener('change', () => { if (layer) layer.hidden = !toggle.checked; });
      const swatch = element('span', { className: 'swatch' });
      swatch.style.setProperty('background', colour);
      rows.push(element('tr', { 'data-instance': instance.id },
        element('td', {}, toggle),
        element('td', {}, swatch, instance.id),
        element('td', { text: named(instance.label) }),
        element('td', { className: 'number', text: score(instance.score) }),
        element('td', { className: 'number', text: score(instance.detectorScore) }),
        element('td', { className: 'number', text: score(instance.maskScore) }),
        element('td', { className: 'number', text: instance.area.toLocaleString('en') }),
        element('td', { className: 'number', text: instance.box.map((v) => v.toFixed(1)).join(', ') })));
    });
    $('detection-rows').replaceChildren(...rows);
    if (rows.length === 0) {
      $('detection-rows').append(element('tr', {}, element('td', { colspan: '8', text: 'Nothing found in this photo.' })));
    }

    const merged = has(photo, 'merged-mask.png')
      ? element('img', { className: 'mask merged', src: url(photo.folder, 'merged-mask.png'), alt: '' })
      : null;
    if (merged) {
      merged.style.setProperty('filter', 'url(#tint-merged)');
      merged.hidden = !$('show-merged').checked;
      stage.append(merged);
    }
    $('show-merged').disabled = !merged;
    $('show-merged').onchange = () => { if (merged) merged.hidden = !$('show-merged').checked; };
    stage.classList.toggle('no-boxes', !$('show-boxes').checked);

    $('links').replaceChildren(...['overlay.jpg', 'merged-mask.png', 'detections.json'].filter((f) => has(photo, f))
      .map((f) => element('a', { href: url(photo.folder, f), target: '_blank', rel: 'noopener', text: f })));
  }

  function setAll(on) {
    document.querySelectorAll('#detection-rows input[type=checkbox]:not(:disabled)').forEach((box) => {
      box.checked = on;
      box.dispatchEvent(new Event('change'));
    });
  }

  // ---- routing: #photo=<folder> shows a photo, anything else the gallery ------------------------------------------

  function route() {
    const match = /^#photo=(.*)$/.exec(location.hash);
    let photo = null;
    if (match) {
      try { photo = byFolder.get(decodeURIComponent(match[1])) || null; } catch { photo = null; }
    }

    if (photo) {
      if (!$('gallery').hidden) galleryScroll = window.scrollY;
      $('gallery').hidden = true;
      $('photo').hidden = false;
      document.title = `${photo.name} · ${data.title}`;
      showPhoto(photo);
      window.scrollTo(0, 0);
    } else {
      $('photo').hidden = true;
      $('stage').replaceChildren();
      $('gallery').hidden = false;
      document.title = data.title;
      window.scrollTo(0, galleryScroll);
    }
  }

  tints();
  gallery();
  $('all-masks').addEventListener('click', () => setAll(true));
  $('no-masks').addEventListener('click', () => setAll(false));
  $('show-boxes').addEventListener('change', (event) => $('stage').classList.toggle('no-boxes', !event.target.checked));
  document.addEventListener('keydown', (event) => {
    if ($('photo').hidden || event.target.matches('input, select') || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = { ArrowLeft: 'previous', ArrowRight: 'next', Escape: 'back' }[event.key];
    if (target && $(target).getAttribute('aria-disabled') !== 'true') location.hash = $(target).getAttribute('href');
  });
  window.addEventListener('hashchange', route);
  route();
})();
