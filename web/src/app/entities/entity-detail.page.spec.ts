import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Api } from '../api/api';
import { AuthService } from '../auth/auth.service';
import type { Role } from '../auth/roles';
import { EntitiesService } from './entities.service';
import { EntityDetailPage } from './entity-detail.page';
import type { EntityDetails } from './entity-kinds';

const PRODUCT: EntityDetails = {
  id: 'p1', type: 'product', name: 'Sterile pouch', code: 'SP-200', description: 'Pouch', country: null, version: 4,
  relationships: [
    { id: 'rel-1', fromType: 'product', fromId: 'p1', relation: 'depends_on', toType: 'supplier', toId: 's1' },
    { id: 'rel-2', fromType: 'division', fromId: 'd1', relation: 'sells', toType: 'product', toId: 'p1' },
  ],
};
const ok = (status: number, etag?: string) => new Response(null, { status, headers: etag ? { ETag: etag } : {} });

/** A product's page against fakes: its relationships each way, role-aware changes, and the
 * "from" entity's version in If-Match. */
describe('EntityDetailPage', () => {
  const deletes: { path: unknown; header: unknown }[] = [];
  const fakeEntities = {
    get: async () => ({ data: PRODUCT, response: ok(200, '"4"') }),
    nameOf: async (type: string, id: string) => ({ s1: 'Resin GmbH', d1: 'Local' })[id] ?? `${type} ${id}`,
    versionOf: async (type: string) => ({ etag: type === 'division' ? '"9"' : '"4"' }),
    search: async () => [],
  };
  const fakeApi = {
    intake: {
      DELETE: async (_path: string, init: { params: { path: unknown; header: unknown } }) => {
        deletes.push({ path: init.params.path, header: init.params.header });
        return { data: {}, response: ok(200) };
      },
    },
  };

  async function open(role: Role) {
    await TestBed.configureTestingModule({
      imports: [EntityDetailPage],
      providers: [provideRouter([]), { provide: Api, useValue: fakeApi }, { provide: EntitiesService, useValue: fakeEntities }],
    }).compileComponents();
    TestBed.inject(AuthService).user.set({ email: `${role}@riskplatform.local`, roles: [role] });
    const fixture = TestBed.createComponent(EntityDetailPage);
    fixture.componentRef.setInput('type', 'product');
    fixture.componentRef.setInput('id', 'p1');
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  beforeEach(() => (deletes.length = 0));

  it('shows its relationships each way, and nothing to change to an executive', async () => {
    const { element } = await open('executive');
    const items = [...element.querySelectorAll('[data-testid="relationships"] li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual(['Depends on supplier: Resin GmbH', 'Sold by division: Local']);
    expect(element.querySelector('form[aria-label="Add a relationship"]')).toBeNull();
    expect(element.querySelector('button[aria-label^="Remove"]')).toBeNull();
    expect(element.querySelector('a.graph-link')?.getAttribute('href')).toBe('/graph?entity=p1');
  });

  it('removes a relationship with the version of its "from" entity (the division) as If-Match', async () => {
    const { fixture, element } = await open('analyst');
    expect(element.querySelector('form[aria-label="Add a relationship"]')).not.toBeNull();
    (element.querySelector('button[aria-label="Remove sold by division Local"]') as HTMLButtonElement).click();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    expect(deletes).toEqual([{ path: { relationship_id: 'rel-2' }, header: { 'If-Match': '"9"' } }]);
  });

  it('offers an admin only what a division does: remove "sold by", not the product\'s own', async () => {
    const { element } = await open('admin');
    const removable = [...element.querySelectorAll('button[aria-label^="Remove"]')].map((b) => b.getAttribute('aria-label'));
    expect(removable).toEqual(['Remove sold by division Local']);
  });
});
