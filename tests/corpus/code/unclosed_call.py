model = nn.Sequential(nn.Conv2d(1, 1, 3
