// Jest stand-in for stylesheet imports (Atlaskit ships *.compiled.css files): styles are not under test.
module.exports = {};
