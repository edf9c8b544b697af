import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Api, Division } from '../api/api';
import { AuthService } from '../auth/auth.service';
import type { Role } from '../auth/roles';
import { DivisionsPage } from './divisions.page';

const division = (id: string, name: string, parentId: string | null = null): Division =>
  ({ id, name, code: name.toUpperCase(), parentId, version: 1, retired: false });

/** 201 divisions, so the page needs two pages of GET /divisions. */
const ALL = [division('root', 'Company'), ...Array.from({ length: 200 }, (_, i) => division(`d${i}`, `Unit ${String(i).padStart(3, '0')}`, 'root'))];

describe('DivisionsPage', () => {
  const asked: unknown[] = [];
  const fakeApi = {
    intake: {
      GET: async (_path: string, init: { params: { query: { limit: number; offset: number } } }) => {
        const { limit, offset } = init.params.query;
        asked.push(offset);
        return { data: { items: ALL.slice(offset, offset + limit), total: ALL.length, limit, offset }, response: new Response(null) };
      },
    },
  };

  async function open(role: Role) {
    asked.length = 0;
    await TestBed.configureTestingModule({
      imports: [DivisionsPage],
      providers: [provideRouter([]), { provide: Api, useValue: fakeApi }],
    }).compileComponents();
    TestBed.inject(AuthService).user.set({ email: `${role}@riskplatform.local`, roles: [role] });
    const fixture = TestBed.createComponent(DivisionsPage);
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('loads every page of divisions into one tree, opened', async () => {
    const element = await open('executive');
    expect(asked).toEqual([0, 200]);
    const items = element.querySelectorAll('[role="treeitem"]');
    expect(items.length).toBe(201);
    expect(items[0].getAttribute('aria-level')).toBe('1');
    expect(items[1].getAttribute('aria-level')).toBe('2');
    expect(items[1].textContent).toContain('Unit 000');
  });

  it('offers admins to create, and others nothing to change', async () => {
    expect((await open('executive')).textContent).not.toContain('New division');
    TestBed.resetTestingModule();
    expect((await open('admin')).textContent).toContain('New division');
  });
});
