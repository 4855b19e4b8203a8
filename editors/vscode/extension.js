// Starts `camp lsp` over stdio for .camp files; everything else is the server's work.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("camp").get("path", "camp");
  const server = { command, args: ["lsp"], transport: TransportKind.stdio };
  client = new LanguageClient("camp", "camp", server, {
    documentSelector: [{ scheme: "file", language: "camp" }],
    synchronize: {
      // The server re-checks the project when a .camp file or camp.toml changes on disk.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.camp,camp.toml}"),
    },
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
