// The README that goes into a .vsix. With a repository URL, vsce makes relative links absolute (--baseContentUrl,
// --baseImagesUrl) and the text is unchanged. Without one, a relative link or image stays only when its target ships in
// the package (the screenshot in media/, CHANGELOG.md, LICENSE: VS Code's extension page resolves those from the
// installed extension); any other relative link becomes plain text naming the file, and such an image is dropped, so
// nothing on the page is broken. The README in the repository is never changed (GitHub resolves its relative links).

/** The README text to package; `shipped(path)` says whether a repository-relative file is inside the .vsix. */
export function readmeForPackage(text, { repositoryUrl, shipped }) {
  if (repositoryUrl) return text;
  const target = (href) => decodeURI(href.replace(/^\.\//, '').split(/[#?]/)[0]);
  const relative = /^(?!https?:|#|mailto:|data:)/;
  return text
    .replace(/^!\[[^\]]*\]\(([^)\s]+)[^)]*\)[ \t]*\n?/gm, (line, href) => (!relative.test(href) || shipped(target(href)) ? line : ''))
    .replace(/(!?)\[([^\]]+)\]\(([^)\s]+)\)/g, (link, bang, label, href) => {
      if (bang || !relative.test(href) || shipped(target(href))) return link;
      return label.replace(/`/g, '') === href ? `${label} (in the source repository)` : `${label} (\`${href}\` in the source repository)`;
    });
}
