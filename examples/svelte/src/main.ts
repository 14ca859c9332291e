import { mount } from 'svelte';
// Registers the elements, and types them for Svelte's templates (SvelteHTMLElements).
import 'confab-comments/svelte';
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
