// The page's words, by key, in the page's language: inline in the page (a
// <script type="application/json" id="paja-strings">), or set by a file of their own that
// the page loads first (<script defer id="paja-strings-file">: self.pajaStrings), which the
// browser keeps, so that a phone coming back downloads no words at all.

const inline = document.getElementById("paja-strings");

export const strings = inline ? JSON.parse(inline.textContent || "{}") : self.pajaStrings || {};
