"""Offline build wiring: the search worker shim is served by the site itself, not by a CDN.

Material's offline plugin makes search work from file:// through the iframe-worker shim and,
unless a polyfill naming iframe-worker is configured, loads it from a CDN: a request to another
origin, which this hub never makes (and which fails offline). package.json pins the npm package;
this hook copies its shim into the offline build and points the polyfill at that copy.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from knowledge_hub.node_packages import installed_node_file

SHIM_SOURCE = Path("node_modules/iframe-worker/shim/index.js")
SHIM_PATH = "assets/javascripts/iframe-worker-shim.js"


def _offline_enabled(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


def _shim_source(config: MkDocsConfig) -> Path:
    found = installed_node_file(SHIM_SOURCE, Path(config.config_file_path).parent)
    if found:
        return found
    raise PluginError(f"{SHIM_SOURCE} is missing: run `npm ci` (`make offline` does) to install the offline search shim")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if _offline_enabled(config):
        others = [url for url in config.extra.get("polyfills", []) if "iframe-worker" not in url]
        config.extra["polyfills"] = [*others, SHIM_PATH]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if _offline_enabled(config):
        files.append(File.generated(config, SHIM_PATH, abs_src_path=str(_shim_source(config))))
    return files
