model = nn.Sequential(ÿþ nn.Conv2d(1, 1, 3))
