"""The protocol's methods, each handed to the module that answers it."""

from __future__ import annotations

import os
from pathlib import Path

from lsprotocol import types

from gloss.lsp import actions, complete, hover, navigate, rename
from gloss.lsp.positions import uri_path
from gloss.lsp.server import DEBOUNCE, WATCHED, GlossServer, document_path
from gloss.lsp.session import Session

TRIGGERS = ["#", "(", "[", ",", " ", '"', "'"]


def _sync(server: GlossServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: GlossServer, params: types.DidOpenTextDocumentParams) -> None:
        if (path := document_path(params.text_document.uri)) is not None:
            ls.session.open(path, params.text_document.text, params.text_document.uri, params.text_document.version)
            ls.watch_folder_of(path)
            ls.schedule(path, 0)
            ls.check_page_soon(path)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: GlossServer, params: types.DidChangeTextDocumentParams) -> None:
        if (path := document_path(params.text_document.uri)) is not None:
            document = ls.workspace.get_text_document(params.text_document.uri)
            ls.session.open(path, document.source, params.text_document.uri, params.text_document.version)
            ls.schedule(path, ls.debounce)
            ls.quiet()  # (page checks wait for a pause in typing)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: GlossServer, params: types.DidSaveTextDocumentParams) -> None:
        if (path := document_path(params.text_document.uri)) is not None:
            ls.session.touched(os.path.dirname(path))  # (its images may have changed: no editor tells of them)
            ls.schedule(path, 0)
            ls.check_page_soon(path)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: GlossServer, params: types.DidCloseTextDocumentParams) -> None:
        if (path := document_path(params.text_document.uri)) is not None:
            ls.session.close(path)
            ls.schedule(path, 0)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def did_change_files(ls: GlossServer, params: types.DidChangeWatchedFilesParams) -> None:
        changes = [(path, int(change.type)) for change in params.changes if (path := uri_path(change.uri)) is not None]
        await ls.files_changed(changes)


def _start(server: GlossServer) -> None:
    @server.feature(types.SHUTDOWN)
    def shutdown(ls: GlossServer, params: None) -> None:
        if ls.watcher is not None:
            ls.watcher.stop()

    @server.feature(types.INITIALIZE)
    def initialize(ls: GlossServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("debounce"), (int, float)):
            ls.debounce = max(0.0, float(options["debounce"]) / 1000)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: GlossServer, params: types.InitializedParams) -> None:
        capabilities = ls.client_capabilities.workspace
        watching = capabilities and capabilities.did_change_watched_files
        if watching and watching.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
            options_ = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
            await ls.client_register_capability_async(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id="gloss-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options_
                        )
                    ]
                )
            )
        else:  # (the client cannot watch files for the server: it watches the content folders itself)
            ls.watch_disk()
        content = ls.session.start_folder(ls.workspace.root_path)
        if content is not None:
            ls.watch_folder(content)
            site = await ls.run(ls.session.site, content)
            if site is not None:
                ls.log(f"gloss lsp: {len(site.bundles)} bundles of {content} indexed", types.MessageType.Info)


def _features(server: GlossServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=TRIGGERS))
    async def completion(ls: GlossServer, params: types.CompletionParams) -> types.CompletionList | None:
        return await ls.with_context(params.text_document.uri, params.position, complete.complete)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(ls: GlossServer, params: types.HoverParams) -> types.Hover | None:
        return await ls.with_context(params.text_document.uri, params.position, hover.hover)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def definition(ls: GlossServer, params: types.DefinitionParams) -> list[types.Location] | None:
        return await ls.with_context(params.text_document.uri, params.position, navigate.definition)

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def references(ls: GlossServer, params: types.ReferenceParams) -> list[types.Location] | None:
        return await ls.with_context(
            params.text_document.uri,
            params.position,
            lambda ctx: navigate.references(ctx, params.context.include_declaration),
        )

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    async def prepare_rename(ls: GlossServer, params: types.PrepareRenameParams) -> types.PrepareRenameResult | None:
        return await ls.with_context(params.text_document.uri, params.position, rename.prepare)

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    async def on_rename(ls: GlossServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        return await ls.with_context(
            params.text_document.uri, params.position, lambda ctx: rename.rename(ctx, params.new_name)
        )

    kinds = [types.CodeActionKind.QuickFix]

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=kinds))
    async def code_action(ls: GlossServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        return await ls.with_context(
            params.text_document.uri,
            params.range.start,
            lambda ctx: actions.actions(ctx, params.range, params.context.diagnostics),
        )


def make_server(
    content: Path | None, drafts: bool = False, jobs: int = 1, templates: Path | None = None
) -> GlossServer:
    """The server, every method registered; ``content``: the content folder, when known."""
    folder = Path(os.path.abspath(content)) if content else None
    theme = Path(os.path.abspath(templates)) if templates else None
    server = GlossServer(Session(folder, drafts, jobs, theme), DEBOUNCE)
    _sync(server)
    _start(server)
    _features(server)
    return server


def serve(content: Path | None, drafts: bool = False, jobs: int = 1, templates: Path | None = None) -> int:
    """Run the server over stdin and stdout until the client ends the session."""
    make_server(content, drafts, jobs, templates).start_io()
    return 0
