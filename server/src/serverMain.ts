// The language server's entry point, as the VS Code client starts it (node-ipc).
import { runLanguageServer } from './server';

runLanguageServer();
