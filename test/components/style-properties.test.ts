import { expect, html } from '@open-wc/testing';
import { render } from 'lit';
import { styleProperties, type StyleProperties } from '../../src/components/shared/style-properties.js';

describe('styleProperties', () => {
  let container: HTMLElement;

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
  });

  afterEach(() => container.remove());

  const view = (properties: StyleProperties) => html`<p ${styleProperties(properties)}>styled</p>`;

  it('sets custom and standard properties, changes and removes them on later renders', () => {
    render(view({ '--_tone': 'rgb(1, 2, 3)', 'min-block-size': '40px' }), container);
    const paragraph = container.querySelector('p')!;
    expect(paragraph.style.getPropertyValue('--_tone')).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(paragraph).minHeight).to.equal('40px');

    render(view({ '--_tone': 'rgb(4, 5, 6)', 'min-block-size': '' }), container);
    expect(paragraph.style.getPropertyValue('--_tone')).to.equal('rgb(4, 5, 6)');
    expect(paragraph.style.getPropertyValue('min-block-size')).to.equal('');
    expect(getComputedStyle(paragraph).minHeight).not.to.equal('40px');
  });

  it('leaves properties set by others alone', () => {
    render(view({ '--_tone': 'red' }), container);
    const paragraph = container.querySelector('p')!;
    paragraph.style.setProperty('color', 'blue');
    render(view({ '--_tone': 'green' }), container);
    expect(paragraph.style.getPropertyValue('color')).to.equal('blue');
  });

  it('refuses an attribute position, where it would be written as an attribute', () => {
    expect(() => render(html`<p style=${styleProperties({ color: 'red' })}></p>`, container)).to.throw(Error);
  });
});
