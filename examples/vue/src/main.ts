import { createApp } from 'vue';
// Registers the elements, and types them for Vue's templates (GlobalComponents).
import 'confab-comments/vue';
import App from './App.vue';

createApp(App).mount('#app');
