using System.Text;

namespace Needle.Testing.Snapshots;

/// <summary>A line-based unified diff (LCS), enough to show a snapshot mismatch the way `diff -u` would.</summary>
public static class UnifiedDiff
{
    public static string Create(string expected, string actual, string expectedName, string actualName, int context = 3)
    {
        var a = expected.TrimEnd('\n').Split('\n');
        var b = actual.TrimEnd('\n').Split('\n');
        var ops = Operations(a, b);
        var sb = new StringBuilder().Append("--- ").AppendLine(expectedName).Append("+++ ").AppendLine(actualName);
        var i = 0;
        while (i < ops.Count)
        {
            if (ops[i].Kind == ' ') { i++; continue; }
            var start = Math.Max(0, i - context);
            var end = i;
            // Extend the hunk while the next change is within 2·context unchanged lines.
            while (end < ops.Count)
            {
                if (ops[end].Kind != ' ') { end++; continue; }
                var next = end;
                while (next < ops.Count && ops[next].Kind == ' ') next++;
                if (next < ops.Count && next - end <= 2 * context) end = next;
                else break;
            }
            var stop = Math.Min(ops.Count, end + context);
            var hunk = ops.GetRange(start, stop - start);
            var aStart = hunk.FirstOrDefault(o => o.Kind != '+').A + 1;
            var bStart = hunk.FirstOrDefault(o => o.Kind != '-').B + 1;
            sb.AppendLine($"@@ -{aStart},{hunk.Count(o => o.Kind != '+')} +{bStart},{hunk.Count(o => o.Kind != '-')} @@");
            foreach (var o in hunk) sb.Append(o.Kind).AppendLine(o.Text);
            i = stop;
        }
        return sb.ToString();
    }

    private readonly record struct Op(char Kind, string Text, int A, int B);

    private static List<Op> Operations(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var x = a.Length - 1; x >= 0; x--)
            for (var y = b.Length - 1; y >= 0; y--)
                lcs[x, y] = a[x] == b[y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
        var ops = new List<Op>();
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            if (i < a.Length && j < b.Length && a[i] == b[j]) { ops.Add(new(' ', a[i], i, j)); i++; j++; }
            else if (i < a.Length && (j == b.Length || lcs[i + 1, j] >= lcs[i, j + 1])) { ops.Add(new('-', a[i], i, j)); i++; }
            else { ops.Add(new('+', b[j], i, j)); j++; }
        }
        return ops;
    }
}
